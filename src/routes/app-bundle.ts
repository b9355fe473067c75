/**
 * The reference app's TypeScript as one browser script. esbuild is imported only here and only
 * when the app is first asked for: most gateways never load it.
 */
export async function bundleReferenceApp(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    // Browsers of the last few years; nothing to polyfill for them.
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
}
