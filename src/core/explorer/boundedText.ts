/**
 * Text that grows at the end and is cut at the front once it exceeds a bound (a followed log must
 * not grow without limit in the extension host). Cuts at a line start so no line is torn.
 */
export class BoundedText {
  private text = '';
  private droppedChars = 0;

  constructor(private readonly maxChars: number) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length <= this.maxChars) return;
    let cut = this.text.length - this.maxChars;
    const nl = this.text.indexOf('\n', cut);
    cut = nl >= 0 && nl - cut < 4096 ? nl + 1 : cut;
    this.droppedChars += cut;
    this.text = this.text.slice(cut);
  }

  get value(): string {
    return this.text;
  }

  /** Characters dropped from the front so far. */
  get dropped(): number {
    return this.droppedChars;
  }
}
