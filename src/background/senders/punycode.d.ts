// Types for the punycode package's ES module build (the package ships none; @types/node only covers the
// deprecated node:punycode built-in, which a browser bundle must not use).
declare module 'punycode/punycode.es6.js' {
  export function toUnicode(domain: string): string;
  export function toASCII(domain: string): string;
}
