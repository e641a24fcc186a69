"""Work that cannot outlive its deadline: each check on its own event loop in a daemon thread.

A check's deadline is an ``asyncio.timeout`` only while the check awaits; a check that blocks (a
synchronous walk, a regular expression, a read of a FIFO) would block the one event loop every check
shares, and with it every other deadline. So the runner runs each check with ``isolated``: the check
gets a private event loop in a daemon thread, the main loop only waits for it, and when the deadline
passes the main loop stops waiting. The check is then cancelled (its loop cancels the task, which
unwinds sockets and subprocesses) and given ``GRACE_S`` to finish; a check that still does not is
*abandoned*: nobody waits for it any more.

An abandoned thread is a daemon, so it does not keep the process alive by itself, but the threads
and processes it started may (``asyncio.to_thread`` and ``ProcessPoolExecutor`` workers are joined
at interpreter exit). When ``abandoned()`` is not empty the CLI therefore ends the process with
``os._exit`` after flushing its outputs: the documented last resort that makes ``--timeout`` a
promise.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
GRACE_S = 1.0  # time a cancelled check gets to unwind before it is abandoned

_abandoned: list[threading.Thread] = []
_lock = threading.Lock()


def abandoned() -> tuple[str, ...]:
    """Names of the work given up on that is still running (this process); work that ended late is
    not listed."""
    with _lock:
        _abandoned[:] = [t for t in _abandoned if t.is_alive()]
        return tuple(t.name for t in _abandoned)


def _forget(thread: threading.Thread) -> None:
    with _lock:
        _abandoned.append(thread)


class _Child:
    """The private loop of one isolated coroutine, as seen from the waiting loop."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.task: asyncio.Task[Any] | None = None
        self.wanted = False  # cancellation asked for (perhaps before the loop started)
        self.lock = threading.Lock()

    def started(self) -> None:
        """Called on the private loop, first thing: raises CancelledError when cancelled before it
        ran."""
        with self.lock:
            self.loop, self.task = asyncio.get_running_loop(), asyncio.current_task()
            if self.wanted:
                raise asyncio.CancelledError

    def cancel(self) -> None:
        with self.lock:
            self.wanted = True
            if self.loop is not None and self.task is not None:
                # the loop closed in the meantime: it finished
                with contextlib.suppress(RuntimeError):
                    self.loop.call_soon_threadsafe(self.task.cancel)


def _deliver(done: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    """On the waiting loop: hand the outcome of the private loop to ``done`` (unless it is
    settled)."""
    if done.done():
        return
    if isinstance(error, asyncio.CancelledError):
        done.cancel()
    elif error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)


def _start(factory: Callable[[], Coroutine[Any, Any, Any]], child: _Child,
           done: asyncio.Future[Any],
           name: str) -> threading.Thread:
    """The daemon thread running ``factory()`` on its own loop, delivering the outcome to
    ``done``."""
    loop = done.get_loop()

    async def main() -> Any:
        child.started()
        return await factory()

    def work() -> None:
        outcome: tuple[Any, BaseException | None]
        try:
            outcome = (asyncio.run(main()), None)
        except BaseException as exc:  # handed to the waiting loop, re-raised there
            outcome = (None, exc)
        with contextlib.suppress(RuntimeError):  # the waiting loop is gone: nobody waits any more
            loop.call_soon_threadsafe(_deliver, done, *outcome)

    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    return thread


async def isolated(factory: Callable[[], Coroutine[Any, Any, T]], *, timeout_s: float,
                   name: str) -> T:
    """Run ``factory()`` on a fresh event loop in a daemon thread; its result or exception.

    Raises TimeoutError when ``timeout_s`` passes first (the coroutine is cancelled, and abandoned
    when it does not end within ``GRACE_S``). Cancelling the caller cancels the coroutine the same
    way, without waiting.
    """
    done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    child = _Child()
    thread = _start(factory, child, done, name)
    try:
        await asyncio.wait({done}, timeout=timeout_s)
    except asyncio.CancelledError:
        child.cancel()
        if thread.is_alive():
            _forget(thread)
        raise
    if not done.done():
        child.cancel()
        await asyncio.wait({done}, timeout=GRACE_S)
        if not done.done():
            _forget(thread)
        raise TimeoutError(name)
    if done.cancelled():  # the coroutine cancelled itself: not the caller's cancellation
        raise RuntimeError(f"{name} was cancelled from inside")
    return done.result()
