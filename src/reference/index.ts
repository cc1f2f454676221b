// Image reference grammar, parsing and normalisation: pure, no I/O, the bottom layer.

export { anchoredDigest, anchoredDomain, nameTotalLengthMax } from './grammar.js';
export * from './normalize.js';
export * from './parse.js';
