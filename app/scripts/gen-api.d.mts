export function findPython(): string | null;
export function generate(python: string): Promise<string>;
