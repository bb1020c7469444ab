/** A history file that cannot be read: the message names the file and line. */
export class HistoryFormatError extends Error {
  override name = 'HistoryFormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}
