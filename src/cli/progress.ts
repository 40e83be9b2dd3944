/** Where progress goes: stderr, or anything with `write` (and `isTTY` when it is a terminal). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Progress of long command-line work, on stderr so that stdout stays the command's result. */
export interface Progress {
  /** Shows `<label> done/total`. */
  update(done: number, total: number): void;
  /** Prints a line of its own (a step, a failure), kept above the progress line. */
  note(line: string): void;
  /** Ends the progress line. */
  end(): void;
}

/**
 * On a terminal, one line rewritten in place (`\r`); anywhere else (CI logs, a file), one line at each tenth of the
 * way and at the end, so a long run stays about ten lines.
 */
export function createProgress(label: string, stream: ProgressStream = process.stderr): Progress {
  let current = '';
  let printedTenth = -1;
  const tty = stream.isTTY === true;
  return {
    update(done, total) {
      current = `${label} ${done}/${total}`;
      if (tty) {
        stream.write(`\r\x1b[K${current}`);
        return;
      }
      const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (tenth > printedTenth) stream.write(`${current}\n`);
      printedTenth = tenth;
    },
    note(line) {
      stream.write(tty ? `\r\x1b[K${line}\n${current}` : `${line}\n`);
    },
    end() {
      if (tty && current) stream.write('\n');
      current = '';
    },
  };
}
