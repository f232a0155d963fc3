// The package ships JavaScript with JSDoc only; these are the parts Disclose calls (see its README, "API").
declare module "@secvisogram/csaf-validator-lib/cwe.js" {
  export const weaknesses: readonly { readonly id: string; readonly name: string }[];
}

declare module "@secvisogram/csaf-validator-lib/mandatoryTests.js" {
  type Finding = { message: string; instancePath: string };
  type DocumentTest = (
    doc: unknown,
  ) =>
    | { isValid?: boolean; errors?: Finding[]; warnings?: Finding[]; infos?: Finding[] }
    | Promise<{ isValid?: boolean; errors?: Finding[]; warnings?: Finding[]; infos?: Finding[] }>;
  const tests: Record<string, DocumentTest>;
  export = tests;
}

declare module "@secvisogram/csaf-validator-lib/validateStrict.js" {
  type Finding = { message: string; instancePath: string };
  export default function validateStrict(
    tests: readonly ((doc: unknown) => unknown)[],
    doc: unknown,
  ): Promise<{
    isValid: boolean;
    tests: { name: string; isValid: boolean; errors: Finding[]; warnings: Finding[]; infos: Finding[] }[];
  }>;
}
