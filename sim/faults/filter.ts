/** Which fault ids may fire: --mask removes some, --only-faults keeps a closed set (shrinking). */
export class FaultFilter {
  private readonly mask: ReadonlySet<string>;
  private readonly only: ReadonlySet<string> | undefined;

  constructor(mask: readonly string[] | undefined, onlyFaults: readonly string[] | undefined) {
    this.mask = new Set(mask ?? []);
    this.only = onlyFaults ? new Set(onlyFaults) : undefined;
  }

  allows(id: string): boolean {
    if (this.only && !this.only.has(id)) return false;
    return this.mask.size === 0 || !this.mask.has(id);
  }
}
