const loading = new Map<string, Promise<void>>();

/**
 * Loads a script of the embed's own (a language, the writing half) once per page, from the origin
 * the embed came from; settles when it ran or failed, never rejects.
 */
export function loadScript(src: string): Promise<void> {
  let loaded = loading.get(src);
  if (!loaded) {
    loaded = new Promise<void>((resolve) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = script.onerror = () => resolve();
      document.head.appendChild(script);
    });
    loading.set(src, loaded);
  }
  return loaded;
}
