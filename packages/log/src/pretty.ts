import { Writable } from "node:stream";
import { prettyFactory } from "pino-pretty";

/** One JSON log line as a readable line (non-JSON lines come back unchanged), for a person at a terminal. */
export function createPrettyLine(options: { colorize?: boolean } = {}): (line: string) => string {
  const pretty = prettyFactory({
    colorize: options.colorize ?? process.stdout.isTTY === true,
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,service,component,reqId",
    messageFormat: "{if component}{component}{end}{if reqId} req={reqId}{end} {msg}",
    // The message says what a person needs; the fields are for machines (LOG_FORMAT=json).
    hideObject: true,
    singleLine: true,
  });
  return (line) => {
    if (!line.startsWith("{")) return line;
    try {
      return pretty(JSON.parse(line)).replace(/\n$/, "");
    } catch {
      return line;
    }
  };
}

/** A pino destination that writes readable lines to stdout, synchronously (nothing lost on a crash). */
export function prettyStream(): Writable {
  const prettyLine = createPrettyLine();
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      process.stdout.write(`${prettyLine(chunk.toString().trimEnd())}\n`);
      done();
    },
  });
}
