// `npm run bench`: every benchmark in this folder, one after another; results in bench/README.md.
await import("./ingest/run");
await import("./claim/run");

export {};
