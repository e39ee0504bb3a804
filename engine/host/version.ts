/** Trestle's version, injected at build time by esbuild/vite; the package version otherwise. */
export const APP_VERSION = '0.1.0';
