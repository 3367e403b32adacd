// Types for bundle.mjs (plain JavaScript so `node scripts/bundle.mjs` runs without a compiler).
export declare const ROOT: string;
export declare const BUNDLE: string;
export declare function bundle(options?: { metafile?: boolean; outfile?: string; entry?: string }): Promise<string>;
