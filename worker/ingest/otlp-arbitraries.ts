import fc from "fast-check";

// fast-check generators of OTLP/HTTP JSON export requests: mostly valid, with a share of bad ids and times, so
// property tests exercise both the accepted and the rejected paths. Shared by the decoder and HTTP fuzz suites.

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

// Whole code points only: a lone surrogate has no UTF-8 form, so it cannot mean the same thing in both encodings.
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "__proto__", "gen_ai.prompt", "toString") }
);

/** Mostly well-formed ids, sometimes the wrong length (rejected alike by both decoders). */
const id = (bytes: number) =>
  fc.oneof(
    { weight: 15, arbitrary: fc.uint8Array({ minLength: bytes, maxLength: bytes }).map(toHex) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: bytes + 2 }).map(toHex) }
  );

const MIN_NS = 946_684_800_000_000_000n; // 2000-01-01
const MAX_NS = 7_258_118_400_000_000_000n; // 2200-01-01
const MAX_U64 = 2n ** 64n - 1n;
const clampU64 = (n: bigint): bigint => (n > MAX_U64 ? MAX_U64 : n);
const nanos = fc.oneof(
  { weight: 10, arbitrary: fc.bigInt(MIN_NS, MAX_NS) },
  { weight: 1, arbitrary: fc.bigInt(0n, MAX_U64) }
);

const int64 = fc.oneof(fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(String), fc.maxSafeInteger());
// Proto JSON spells non-finite doubles as strings.
const double = fc.double().map((d): number | string => (Number.isFinite(d) ? d : String(d)));

const { anyValue, keyValue } = fc.letrec<{ anyValue: unknown; keyValue: unknown }>((tie) => ({
  anyValue: fc.oneof(
    { maxDepth: 4, depthSize: "small" },
    fc.record({ stringValue: text }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: int64 }),
    fc.record({ doubleValue: double }),
    fc.record({ bytesValue: fc.uint8Array({ maxLength: 12 }).map(toBase64) }),
    fc.constant({}),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie("anyValue"), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(tie("keyValue"), { maxLength: 3 }) }) })
  ),
  keyValue: fc.record({ key: text, value: tie("anyValue") }),
}));

const attributes = fc.array(keyValue, { maxLength: 4 });

const event = fc.record(
  { timeUnixNano: fc.option(nanos.map(String)), name: text, attributes },
  { requiredKeys: ["name"] }
);

// End = start + duration most of the time, so most spans are accepted and both decoders' happy paths run.
const duration = fc.bigInt(0n, 10n ** 13n);
const ordered = fc.tuple(nanos, duration).map(([start, d]): [bigint, bigint] => [start, clampU64(start + d)]);
const times = fc.oneof({ weight: 6, arbitrary: ordered }, { weight: 1, arbitrary: fc.tuple(nanos, nanos) });

const span = fc
  .record({
    traceId: id(16),
    spanId: id(8),
    parentSpanId: fc.option(fc.oneof(id(8), fc.constant(""))),
    name: text,
    kind: fc.integer({ min: -1, max: 7 }),
    times,
    attributes,
    events: fc.array(event, { maxLength: 2 }),
    status: fc.option(fc.record({ code: fc.integer({ min: 0, max: 3 }), message: text }, { requiredKeys: [] })),
  })
  .map(({ times: [start, end], ...rest }) => ({
    ...rest,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(end),
  }));

export const otlpRequest = fc.record({
  resourceSpans: fc.array(
    fc.record({
      resource: fc.record({ attributes }),
      scopeSpans: fc.array(
        fc.record({ scope: fc.record({ name: text, version: text }), spans: fc.array(span, { maxLength: 4 }) }),
        { minLength: 1, maxLength: 2 }
      ),
    }),
    { minLength: 1, maxLength: 3 }
  ),
});

