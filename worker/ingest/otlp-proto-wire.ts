import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { OtlpDecodeError } from "./otlp-json";

// A bounds-checked cursor over protobuf wire data that turns every low-level failure into an OtlpDecodeError
// naming the field path and byte offset, so a 400 tells the exporter's author exactly what was wrong.
// One BinaryReader is shared by all nested messages: a nested message is only an end offset, which keeps
// decoding allocation-light on 20 MiB bodies and makes every reported offset absolute.

export interface WireField {
  no: number;
  type: WireType;
  /** Offset of the field's tag in the whole body. */
  at: number;
}

const WIRE_TYPE_NAMES = ["varint", "fixed64", "length-delimited", "start-group", "end-group", "fixed32"];

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Protobuf requires valid UTF-8 in string fields; a lossy decode would store replacement characters silently.
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    throw new Error("invalid UTF-8");
  }
}

// BinaryReader signals running off the end with a RangeError (its own or DataView's, whose text varies by engine).
function reasonOf(error: unknown): string {
  if (error instanceof RangeError) return "truncated";
  return error instanceof Error ? error.message : String(error);
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}

// Chunked because String.fromCharCode(...bytes) overflows the argument limit on large values.
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export class WireReader {
  private lastField = 0;

  private constructor(
    private readonly reader: BinaryReader,
    private readonly end: number,
    private readonly parent: WireReader | null,
    private readonly name: string
  ) {}

  static of(bytes: Uint8Array, name: string): WireReader {
    return new WireReader(new BinaryReader(bytes, decodeUtf8), bytes.length, null, name);
  }

  /** The next field of this message, or null at its end. */
  next(): WireField | null {
    const at = this.reader.pos;
    if (at === this.end) return null;
    // Reads are bounded by the whole body, so a field that overran this message is only visible here.
    if (at > this.end) throw this.fail(`field ${this.lastField}`, "runs past the end of its message", at);
    const [no, type] = this.attempt("tag", at, (r) => r.tag());
    this.lastField = no;
    return { no, type, at };
  }

  skip(f: WireField): void {
    this.attempt(`field ${f.no}`, f.at, (r) => r.skip(f.type, f.no));
  }

  /** Drops the rest of this message unread. */
  skipRest(): void {
    this.reader.pos = this.end;
  }

  /** A nested message; the caller must read it to its end (or skipRest) before reading this one further. */
  message(f: WireField, name: string): WireReader {
    const length = this.read(f, name, WireType.LengthDelimited, (r) => r.uint32());
    const end = this.reader.pos + length;
    if (end > this.end) throw this.fail(name, `length ${length} runs past the end of its message`, f.at);
    return new WireReader(this.reader, end, this, name);
  }

  string(f: WireField, name: string): string {
    return this.read(f, name, WireType.LengthDelimited, (r) => r.string(true));
  }

  hex(f: WireField, name: string): string {
    return toHex(this.read(f, name, WireType.LengthDelimited, (r) => r.bytes()));
  }

  base64(f: WireField, name: string): string {
    return toBase64(this.read(f, name, WireType.LengthDelimited, (r) => r.bytes()));
  }

  bool(f: WireField, name: string): boolean {
    return this.read(f, name, WireType.Varint, (r) => r.bool());
  }

  int32(f: WireField, name: string): number {
    return this.read(f, name, WireType.Varint, (r) => r.int32());
  }

  uint32(f: WireField, name: string): number {
    return this.read(f, name, WireType.Varint, (r) => r.uint32());
  }

  /** Decimal string, as OTLP JSON spells int64. */
  int64(f: WireField, name: string): string {
    return String(this.read(f, name, WireType.Varint, (r) => r.int64()));
  }

  fixed32(f: WireField, name: string): number {
    return this.read(f, name, WireType.Bit32, (r) => r.fixed32());
  }

  /** Decimal string, as OTLP JSON spells fixed64. */
  fixed64(f: WireField, name: string): string {
    return String(this.read(f, name, WireType.Bit64, (r) => r.fixed64()));
  }

  double(f: WireField, name: string): number {
    return this.read(f, name, WireType.Bit64, (r) => r.double());
  }

  private read<T>(f: WireField, name: string, expected: WireType, read: (r: BinaryReader) => T): T {
    if (f.type !== expected) {
      const [got, want] = [WIRE_TYPE_NAMES[f.type], WIRE_TYPE_NAMES[expected]];
      throw this.fail(name, `wire type ${got}, expected ${want}`, f.at);
    }
    return this.attempt(name, f.at, read);
  }

  private attempt<T>(field: string, at: number, read: (r: BinaryReader) => T): T {
    try {
      return read(this.reader);
    } catch (error) {
      throw this.fail(field, reasonOf(error), at);
    }
  }

  private path(): string {
    return this.parent ? `${this.parent.path()}.${this.name}` : this.name;
  }

  private fail(field: string, reason: string, at: number): OtlpDecodeError {
    return new OtlpDecodeError(`${this.path()}.${field}: ${reason} (at byte ${at})`);
  }
}
