import OpenAI from 'openai';

/** Turns texts into vectors whose cosine similarity says how alike their meanings are, across languages. */
export interface Embedder {
  /** The model's name, for logs. */
  readonly model: string;
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
}

export interface OpenAiEmbedderOptions {
  /** An OpenAI-compatible base URL (`…/v1`). */
  baseURL: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
}

/** An {@link Embedder} over the `openai` SDK's `/embeddings` (float vectors, one request per call). */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const client = new OpenAI({
    apiKey: options.apiKey,
    organization: null,
    project: null,
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: 1,
  });
  return {
    model: options.model,
    async embed(texts) {
      if (texts.length === 0) return [];
      const response = await client.embeddings.create({
        model: options.model,
        input: texts,
        encoding_format: 'float',
      });
      const vectors: number[][] = texts.map(() => []);
      for (const item of response.data) vectors[item.index] = item.embedding;
      return vectors;
    },
  };
}
