// @datadog/sketches-js requires protobufjs only inside toProto/fromProto, which we never call (protobufjs compiles
// with eval, which Workers forbid; sketches are stored as JSON bins instead). The bundler still resolves the
// require, so wrangler.toml aliases it here.
throw new Error("protobufjs is not available in this Worker: sketches are serialized as JSON bins, never as protobuf");
