// Tagged-field types of the data part, by the 5-bit value that names them (the letter is its bech32 character).
export const TAG = { p: 1, s: 16, d: 13, n: 19, h: 23, x: 6, c: 24, features: 5 } as const;
