// Lints in-memory snippets as if they lived at given paths; run as a child process because
// ESLint loads its flat config with a dynamic import that jest's VM cannot perform.
const { ESLint } = require('eslint');
const path = require('node:path');

async function run() {
  const root = path.resolve(__dirname, '../..');
  const eslint = new ESLint({ cwd: root });
  const cases = JSON.parse(process.argv[2]);
  const results = [];
  for (const { file, code } of cases) {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    results.push(
      result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message),
    );
  }
  process.stdout.write(JSON.stringify(results));
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
