// stream-json 3 and stream-chain 4 publish their subpaths through package.json `exports`, which the
// repository's `moduleResolution: node` does not read: point the bench's subpath imports at the packages'
// own declarations (Node resolves the same files at run time).
declare module 'stream-json/streamers/stream-array.js' {
  export * from 'stream-json/src/streamers/stream-array.js';
}
declare module 'stream-chain/exec.js' {
  export * from 'stream-chain/src/exec.js';
}
declare module 'stream-chain/defs.js' {
  export * from 'stream-chain/src/defs.js';
}
