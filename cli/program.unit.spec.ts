import { buildProgram } from './program';

describe('shopstream CLI', () => {
  it('describes itself in --help', () => {
    const help = buildProgram().helpInformation();
    expect(help).toContain('Usage: shopstream');
    expect(help).toContain('event-sourced CQRS commerce backend');
  });

  it('reports the package version', () => {
    const out: string[] = [];
    const program = buildProgram()
      .exitOverride()
      .configureOutput({ writeOut: (s) => out.push(s) });
    expect(() => program.parse(['node', 'shopstream', '--version'])).toThrow('0.1.0');
    expect(out.join('')).toContain('0.1.0');
  });
});
