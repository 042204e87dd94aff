// Progress of a long command on stderr: a bar redrawn in place on a terminal, plain lines at
// every tenth of the way otherwise (logs, CI).
export interface Progress {
  update(done: number, detail: string): void;
  finish(): void;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

export function progress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let lastDraw = 0;
  let lastTenth = 0;
  let drawn = false;
  return {
    update(done, detail) {
      if (tty) {
        const now = Date.now();
        if (done < total && now - lastDraw < REDRAW_MS) return;
        lastDraw = now;
        const filled = total ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total}  ${detail}\x1b[K`);
        drawn = true;
        return;
      }
      const tenth = total ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth || done === total) {
        lastTenth = tenth;
        stream.write(`${done}/${total} (${total ? Math.floor((done / total) * 100) : 100}%)  ${detail}\n`);
      }
    },
    finish() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
