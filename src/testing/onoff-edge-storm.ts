/**
 * Edge interrupts for onoff on a fake sysfs tree (mock-fs), for tests and the bench: a fresh copy
 * of onoff is loaded with its `epoll` addon replaced by a stand-in, so onoff's own interrupt
 * handler runs — it reads the pin's `value` file, then calls every watcher — each time the storm
 * fires a pin. What the kernel does on a real edge (update `value`, wake the poller) is done here
 * by `fire`. The real addon hands each interrupt from its epoll thread to the event loop and waits
 * for the handler before taking the next (uv_async + a semaphore); `fire` calls the handler
 * directly, so how edges reach the loop is the caller's choice (the bench uses a second thread).
 */
import { writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import type { OnoffGpioClass } from "../adapters/gpio/onoff-gpio.ts";

type PollerCallback = (err: Error | null, fd: number, events: number) => void;

class StandInEpoll {
  static readonly EPOLLPRI = 2;
  readonly #callback: PollerCallback;
  readonly #pollers: Map<number, StandInEpoll>;
  constructor(callback: PollerCallback, pollers: Map<number, StandInEpoll>) {
    this.#callback = callback;
    this.#pollers = pollers;
  }
  add(fd: number): this {
    this.#pollers.set(fd, this);
    return this;
  }
  remove(fd: number): this {
    this.#pollers.delete(fd);
    return this;
  }
  close(): void {}
  wake(fd: number): void {
    this.#callback(null, fd, StandInEpoll.EPOLLPRI);
  }
}

export interface OnoffEdgeStorm {
  /** onoff's Gpio class, wired to the stand-in poller (pass it to OnoffGpioPort as `Gpio`). */
  readonly Gpio: OnoffGpioClass;
  /** An edge on sysfs GPIO `gpio`: its value file takes `level`, then its watcher's handler runs. */
  fire(gpio: number, level: 0 | 1): void;
  /** The number of pins being watched. */
  watched(): number;
}

/** Loads onoff afresh with the stand-in poller; the fake tree must exist (mock-fs) before pins are opened. */
export function onoffWithEdgeStorm(): OnoffEdgeStorm {
  const require = createRequire(import.meta.url);
  const onoffPath = require.resolve("onoff");
  const epollPath = require.resolve("epoll", { paths: [onoffPath] });
  const pollers = new Map<number, StandInEpoll>();
  const standIn = class extends StandInEpoll {
    constructor(callback: PollerCallback) {
      super(callback, pollers);
    }
  };
  const cache = require.cache;
  const savedOnoff = cache[onoffPath];
  const savedEpoll = cache[epollPath];
  const epollModule = new Module(epollPath);
  epollModule.exports = { Epoll: standIn };
  epollModule.loaded = true;
  cache[epollPath] = epollModule;
  delete cache[onoffPath];
  let Gpio: OnoffGpioClass;
  try {
    Gpio = (require(onoffPath) as { Gpio: OnoffGpioClass }).Gpio;
  } finally {
    // Everyone else keeps the real onoff and epoll.
    if (savedOnoff !== undefined) cache[onoffPath] = savedOnoff;
    else delete cache[onoffPath];
    if (savedEpoll !== undefined) cache[epollPath] = savedEpoll;
    else delete cache[epollPath];
  }
  const fdOf = new Map<number, number>();
  return {
    Gpio: class extends (Gpio as unknown as new (...args: ConstructorParameters<OnoffGpioClass>) => object) {
      constructor(...args: ConstructorParameters<OnoffGpioClass>) {
        super(...args);
        fdOf.set(args[0], (this as unknown as { _valueFd: number })._valueFd);
      }
    } as unknown as OnoffGpioClass,
    fire: (gpio, level) => {
      writeFileSync(`/sys/class/gpio/gpio${gpio}/value`, level === 1 ? "1\n" : "0\n");
      const fd = fdOf.get(gpio);
      if (fd !== undefined) pollers.get(fd)?.wake(fd);
    },
    watched: () => pollers.size,
  };
}
