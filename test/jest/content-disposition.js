// Jest's module runtime cannot require() an ES module on Node 20 (Node itself can, from 20.19).
// @fastify/static 10, Swagger UI's asset server, requires the ESM-only content-disposition 3
// and uses it only in reply.download(), which nothing here calls. Jest maps the package to this
// CommonJS stand-in; the running processes load the real one.
module.exports = {
  create: (filename) => `attachment; filename="${String(filename).replace(/"/g, '')}"`,
};
