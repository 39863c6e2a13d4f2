// Fails unless this runs on Node 24, the LTS the service and the tests run on. Under npm scripts
// `node` is node_modules/.bin/node (the `node` devDependency), whatever the machine has itself.
const major = Number(process.versions.node.split('.')[0]);
console.log(`Node ${process.version} (${process.execPath})`);
if (major !== 24) {
  console.error(
    `Schoolnabij draait op Node 24; dit is ${process.version}. Draai eerst \`npm install\` (die zet Node 24 in node_modules/.bin).`,
  );
  process.exit(1);
}
