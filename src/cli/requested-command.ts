import type { Command } from 'commander';

/**
 * The name of the top-level command that `args` (process.argv without node and the script) runs,
 * read before commander parses them so that only that command's module is loaded: the first word
 * that is not a global option or its value. `help NAME` asks for NAME. Undefined for the root
 * help, `--version` or no command at all.
 */
export function requestedCommand(program: Command, args: readonly string[]): string | undefined {
  // The global options that take a value (`-c FILE`, `--config FILE`); `--config=FILE` is one word.
  const withValue = new Set(
    program.options
      .filter((o) => o.required || o.optional)
      .flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f))),
  );
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      words.push(...args.slice(i + 1, i + 3));
      break;
    }
    if (withValue.has(arg)) i++;
    else if (!arg.startsWith('-') || arg === '-') words.push(arg);
    else if (words.length > 0) break;
  }
  return words[0] === 'help' ? words[1] : words[0];
}
