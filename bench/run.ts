// `npm run bench` runs every benchmark in this folder; none is written yet (see bench/README.md).
console.log("No benchmarks yet: bench/ingest and bench/claim arrive with issues 3 and 4.");
