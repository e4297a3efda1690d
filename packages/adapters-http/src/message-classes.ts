import { IncomingMessage, type ServerOptions, ServerResponse } from 'node:http';
import type { Express } from 'express';

/** The `http.createServer` options that let a Node server build messages for one Express app. */
export type MessageClasses = Required<Pick<ServerOptions, 'IncomingMessage' | 'ServerResponse'>>;

/**
 * Request and response classes whose instances are born with `app`'s prototypes, for
 * `http.createServer({ ...messageClassesFor(app) }, app)`.
 *
 * Express gives every request and response its own prototypes with `Object.setPrototypeOf`
 * as it starts handling them. Changing an object's prototype after it was built gives it a new
 * hidden class, which slows every later property access Node's HTTP code makes on it: on the
 * register path that was about half of Express's cost per request. When the objects already
 * have those prototypes, Express's call changes nothing and the objects keep one shape.
 */
export function messageClassesFor(app: Express): MessageClasses {
  return {
    IncomingMessage: withPrototype(IncomingMessage, app.request),
    ServerResponse: withPrototype(ServerResponse, app.response),
  };
}

/**
 * A constructor that runs `base` on the new object but whose instances inherit from
 * `prototype`. Node's message constructors are plain functions, so they can initialise an
 * object made elsewhere; should one become a class (which cannot be called so), `base` itself
 * is returned and Express sets the prototypes as it always did.
 */
function withPrototype<C extends new (...args: never[]) => object>(
  base: C,
  prototype: InstanceType<C>,
): C {
  if (!Object.prototype.isPrototypeOf.call(base.prototype, prototype)) {
    throw new TypeError(`the prototype given must inherit from ${base.name}.prototype`);
  }
  if (Function.prototype.toString.call(base).startsWith('class')) return base;

  // Reflect.construct(base, args, WithPrototype) would say the same, but its objects measured
  // slower than Express's own prototype swap.
  const init = base as unknown as (this: object, ...args: ConstructorParameters<C>) => void;
  function WithPrototype(this: object, ...args: ConstructorParameters<C>): void {
    init.apply(this, args);
  }
  WithPrototype.prototype = prototype;
  return WithPrototype as unknown as C;
}
