# syntax=docker/dockerfile:1
# Build: compile TypeScript and native modules (better-sqlite3) with the toolchain, then keep production deps only.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY workers ./workers
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# Run: no compiler, no dev dependencies, not root.
FROM node:22-bookworm-slim
ENV NODE_ENV=production DATABASE_URL=sqlite:/data/herald.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY samples ./samples
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/herald.js"]
CMD ["start", "--role", "all"]
