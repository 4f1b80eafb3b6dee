// The console's certificate and key (`console.tls` in reclaim.yaml).
import { accessSync, constants, statSync } from 'node:fs';
import { z } from 'zod';

// SAFETY: the console shows TAPs and temporary passwords and carries session cookies: it serves
// HTTPS with this pair (`reclaim serve` refuses plain HTTP except on loopback). The files are
// checked here so `reclaim config check` names them, with their line, before any start.
const readableFile = z
  .string()
  .min(1)
  .superRefine((file, ctx) => {
    const problem = unreadableFile(file);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
export const consoleTlsSection = z
  .strictObject({
    certFile: readableFile.describe('PEM certificate of the console (with its chain)'),
    keyFile: readableFile.describe('PEM private key of that certificate'),
  })
  .describe('the HTTPS certificate and key `reclaim serve` uses (plain HTTP is refused except on loopback)');

function unreadableFile(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return `${file} is not a file`;
    accessSync(file, constants.R_OK);
    return undefined;
  } catch (error) {
    return `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}

export type ConsoleTlsConfig = z.infer<typeof consoleTlsSection>;
