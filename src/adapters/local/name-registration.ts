/** Waiting for a name (a service, an action server) to be registered on one of the local buses. */
import { filter, firstValueFrom, map, race, timer, type Observable, type SchedulerLike } from "rxjs";

/**
 * Resolves true as soon as `registered` emits `name`, false once `timeoutMs` has passed on
 * `scheduler`. The caller answers true itself when the name is already there.
 */
export function waitForRegistration(
  registered: Observable<string>,
  name: string,
  timeoutMs: number,
  scheduler: SchedulerLike,
): Promise<boolean> {
  return firstValueFrom(
    race(
      registered.pipe(
        filter((n) => n === name),
        map(() => true),
      ),
      timer(Math.max(0, timeoutMs), scheduler).pipe(map(() => false)),
    ),
    { defaultValue: false },
  );
}
