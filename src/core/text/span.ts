/** A half-open range of UTF-16 offsets into a normalised text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}
