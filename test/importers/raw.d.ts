/** Fixture files imported as text (Vite's `?raw`), so the tests in workerd need no file system. */
declare module "*?raw" {
  const content: string;
  export default content;
}
