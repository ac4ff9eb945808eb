// Data files (stop lists, word lists) are bundled as strings by esbuild's text loader (scripts/build.mjs).
declare module '*.txt' {
  const text: string;
  export default text;
}
