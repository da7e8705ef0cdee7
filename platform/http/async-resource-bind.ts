import { AsyncResource } from 'node:async_hooks';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

let installed = false;

/**
 * Nest's `InterceptorsConsumer` calls `AsyncResource.bind` once for each interceptor of a request
 * and once more around the handler, and each API has a global interceptor. On Node 20 that static helper costs
 * about 12 µs a call: it defines the deprecated `asyncResource` property (DEP0172) on every
 * bound function through `deprecate()` getters. Node's own streams and raw-body stopped using it
 * for that reason (nodejs/node#59867, stream-utils/raw-body#173).
 *
 * This installs the same binding without the deprecated property: a new resource of the same
 * type, the function run in its scope with the same `this` and arguments, so AsyncLocalStorage
 * and async_hooks see exactly the context they saw before. Idempotent; the process's HTTP apps
 * install it when they are created.
 */
export function installFastAsyncResourceBind(): void {
  if (installed) return;
  installed = true;
  AsyncResource.bind = function bind(fn: AnyFunction, type?: string, thisArg?: unknown) {
    if (typeof fn !== 'function') throw new TypeError('AsyncResource.bind: fn must be a function');
    const resource = new AsyncResource(type ?? (fn.name || 'bound-anonymous-fn'));
    return function bound(this: unknown, ...args: unknown[]) {
      return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args);
    };
  } as unknown as typeof AsyncResource.bind;
}
