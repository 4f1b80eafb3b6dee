// SAFETY: a generated password or TAP travels inside a Secret, whose every printable form is
// redacted. Only `reveal()` gives the value, so a secret cannot reach a log, an error message, the
// journal or a report by accident (JSON.stringify, template strings and util.inspect all redact).
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}
