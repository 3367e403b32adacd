// The part of jsdiff (npm `diff`, which ships no types at 5.x) that unified-diff.ts uses.
declare module 'diff' {
  export interface Hunk { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }
  export function structuredPatch(oldFileName: string, newFileName: string, oldStr: string, newStr: string,
    oldHeader?: string, newHeader?: string, options?: { context?: number }): { hunks: Hunk[] };
}
