/** Said wherever a NUL character (U+0000) is refused: PostgreSQL cannot store it in text, and no field needs it. */
export const NUL_MESSAGE = "Text may not contain NUL characters (U+0000). Remove them and try again.";

export function hasNul(value: string): boolean {
  return value.includes("\u0000");
}

/**
 * Where the first string holding a NUL is in `value` (an input as parsed from JSON or superjson): its top-level
 * field name, "" when the value itself or an unnamed element holds one, null when there is none. `skipFields`:
 * top-level fields not looked at. Walks iteratively, so a deeply nested input cannot overflow the stack.
 */
export function nulPathIn(value: unknown, skipFields: readonly string[] = []): string | null {
  const stack: { value: unknown; field: string }[] = [{ value, field: "" }];
  while (stack.length > 0) {
    const { value: current, field } = stack.pop() as { value: unknown; field: string };
    if (typeof current === "string") {
      if (hasNul(current)) return field;
    } else if (Array.isArray(current) || current instanceof Set) {
      for (const item of current) stack.push({ value: item, field });
    } else if (current instanceof Map) {
      for (const [key, item] of current) stack.push({ value: key, field }, { value: item, field });
    } else if (current !== null && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        if (hasNul(key)) return field;
        if (current === value && skipFields.includes(key)) continue;
        stack.push({ value: item, field: field || key });
      }
    }
  }
  return null;
}
