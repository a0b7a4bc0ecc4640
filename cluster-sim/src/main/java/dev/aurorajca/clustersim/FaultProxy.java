package dev.aurorajca.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A TCP relay in front of one node (or one cluster endpoint) that can inject faults: reset every
 * connection ({@link #cut()}), swallow all bytes ({@link #blackhole(boolean)}) or delay them
 * ({@link #latency(long)}).
 *
 * <p>One selector thread per proxy, whatever the number of connections: a few hundred
 * connections per node cost a few hundred kilobytes of buffers, not a few hundred threads.
 * All connection state is touched only by that thread; other threads post tasks to it.
 */
final class FaultProxy implements AutoCloseable {

  /** Stop reading from a side while this much is queued for the other (back-pressure). */
  private static final int QUEUE_LIMIT = 1 << 20;

  private final String name;
  private final Supplier<InetSocketAddress> target;
  /** Makes the client → server filter of each new connection; null: bytes pass as they are. */
  private final Supplier<UpstreamFilter> filters;
  private final Selector selector;
  private final ServerSocketChannel server;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Set<Pair> pairs = new LinkedHashSet<>();
  /** Directions holding chunks that are not due yet (only with latency). */
  private final Set<Direction> delayed = new LinkedHashSet<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

  private volatile boolean running = true;
  private volatile boolean blackhole;
  private volatile long latencyNanos;

  /**
   * @param threadName name of the selector thread, e.g. {@code cluster-sim-proxy-2}
   * @param bind       address to listen on
   * @param target     where each new connection goes; {@code null} means nowhere (the client is
   *                   closed at once), read anew for every connection so an endpoint can follow
   *                   the writer
   */
  FaultProxy(String threadName, InetSocketAddress bind, Supplier<InetSocketAddress> target) throws IOException {
    this(threadName, bind, target, null);
  }

  /**
   * Transforms the bytes a client sends, chunk by chunk, on the selector thread (the Aurora
   * surface rewrites a few statements). May hold bytes back (return an empty buffer) until a
   * unit it needs is complete.
   */
  interface UpstreamFilter {
    ByteBuffer filter(ByteBuffer chunk);
  }

  /** @param filters one new filter per connection (null: none) */
  FaultProxy(String threadName, InetSocketAddress bind, Supplier<InetSocketAddress> target,
      Supplier<UpstreamFilter> filters) throws IOException {
    this.name = threadName;
    this.target = target;
    this.filters = filters;
    this.selector = Selector.open();
    this.server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(bind, 1024);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      server.close();
      selector.close();
      throw e;
    }
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
  }

  /** Resets every current connection (the client sees a broken link); new ones still work. */
  void cut() {
    call(() -> {
      for (Pair p : new ArrayList<>(pairs)) {
        p.close(true);
      }
    });
  }

  /** While on, existing and new connections stay open and every byte both ways is dropped. */
  void blackhole(boolean on) {
    call(() -> {
      blackhole = on;
      if (!on) {
        // Connections accepted during the black hole never reached a server: nothing to resume.
        for (Pair p : new ArrayList<>(pairs)) {
          if (p.backend == null) {
            p.close(true);
          }
        }
      }
    });
  }

  /** Delays every chunk of bytes, both ways, by {@code millis}. */
  void latency(long millis) {
    call(() -> latencyNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis)));
  }

  void heal() {
    latency(0);
    blackhole(false);
  }

  int connections() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    post(() -> f.complete(pairs.size()));
    return f.join();
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    selector.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " on " + server.socket().getLocalSocketAddress();
  }

  /** Runs {@code task} on the selector thread and waits for it, so a fault is in place on return. */
  private void call(Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(() -> {
      try {
        task.run();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    done.join();
  }

  private void post(Runnable task) {
    if (!running) {
      task.run(); // nothing to coordinate with once stopped
      return;
    }
    tasks.add(task);
    selector.wakeup();
  }

  private void loop() {
    try {
      while (running) {
        long timeoutMillis = 0;
        if (!delayed.isEmpty()) {
          long now = System.nanoTime();
          long next = Long.MAX_VALUE;
          for (Direction d : delayed) {
            next = Math.min(next, d.queue.peek().due);
          }
          timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now) + 1);
        }
        selector.select(timeoutMillis);
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
        if (!delayed.isEmpty()) {
          for (Direction d : new ArrayList<>(delayed)) {
            if (!d.pair.closed) {
              d.flush();
              d.pair.updateInterest();
            }
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      // selector broken: fall through and release everything
    } finally {
      for (Pair p : new ArrayList<>(pairs)) {
        p.close(false);
      }
      try {
        server.close();
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }
  }

  private void handle(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      accept();
      return;
    }
    Pair pair = (Pair) key.attachment();
    if (pair.closed) {
      return;
    }
    SocketChannel ch = (SocketChannel) key.channel();
    try {
      if (key.isConnectable()) {
        pair.connected = ch.finishConnect();
      }
      if (key.isValid() && key.isWritable()) {
        (ch == pair.client ? pair.down : pair.up).flush();
      }
      if (key.isValid() && key.isReadable()) {
        (ch == pair.client ? pair.up : pair.down).read();
      }
      if (!pair.closed) {
        pair.updateInterest();
      }
    } catch (IOException e) {
      if (blackhole && ch == pair.backend) {
        // Inside a black hole nothing reaches the client, not even the server's death.
        pair.dropBackend();
      } else {
        // Backend refused or died, or the client went away: drop both sides at once.
        pair.close(false);
      }
    }
  }

  private void accept() {
    SocketChannel client;
    try {
      client = server.accept();
      if (client == null) {
        return;
      }
      client.configureBlocking(false);
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException e) {
      return;
    }
    Pair pair = new Pair(client);
    if (filters != null) {
      pair.up.filter = filters.get();
    }
    pairs.add(pair);
    try {
      pair.clientKey = client.register(selector, 0, pair);
      if (!blackhole) {
        InetSocketAddress to = target.get();
        if (to == null) {
          pair.close(false);
          return;
        }
        SocketChannel backend = SocketChannel.open();
        pair.backend = backend;
        backend.configureBlocking(false);
        backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
        pair.up.to = backend;
        pair.down.from = backend;
        pair.connected = backend.connect(to);
        pair.backendKey = backend.register(selector, 0, pair);
      }
      pair.updateInterest();
    } catch (IOException e) {
      pair.close(false);
    }
  }

  private record Chunk(long due, ByteBuffer data) {
  }

  /** One way of one connection: bytes read from {@code from} and queued for {@code to}. */
  private final class Direction {
    final Pair pair;
    SocketChannel from;
    SocketChannel to;
    final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    long queued;
    /** The last write could not take everything: wait for OP_WRITE. */
    boolean blocked;
    /** Client → server only, when the proxy has filters. */
    UpstreamFilter filter;

    Direction(Pair pair, SocketChannel from, SocketChannel to) {
      this.pair = pair;
      this.from = from;
      this.to = to;
    }

    void read() throws IOException {
      readBuffer.clear();
      int n = from.read(readBuffer);
      if (n < 0) {
        throw new IOException("peer closed");
      }
      if (n == 0 || blackhole || to == null) {
        if (blackhole) {
          filter = null; // swallowed bytes break the command framing: pass the rest as it comes
        }
        return; // a black hole swallows what it reads
      }
      readBuffer.flip();
      ByteBuffer copy;
      if (filter != null) {
        copy = filter.filter(readBuffer);
        if (!copy.hasRemaining()) {
          return; // held back until the rest of a command arrives
        }
      } else {
        copy = ByteBuffer.allocate(n);
        copy.put(readBuffer).flip();
      }
      int size = copy.remaining();
      queue.add(new Chunk(System.nanoTime() + latencyNanos, copy));
      queued += size;
      flush();
    }

    void flush() throws IOException {
      long now = System.nanoTime();
      blocked = false;
      while (!queue.isEmpty()) {
        Chunk head = queue.peek();
        if (head.due > now) {
          delayed.add(this);
          return;
        }
        if (!pair.connected) {
          return; // the backend connect completes first
        }
        int written = to.write(head.data);
        queued -= written;
        if (head.data.hasRemaining()) {
          blocked = true;
          delayed.remove(this);
          return;
        }
        queue.poll();
      }
      delayed.remove(this);
    }

    void clear() {
      queue.clear();
      queued = 0;
      delayed.remove(this);
    }
  }

  private final class Pair {
    final SocketChannel client;
    SocketChannel backend;
    SelectionKey clientKey;
    SelectionKey backendKey;
    boolean connected;
    boolean closed;
    final Direction up;
    final Direction down;

    Pair(SocketChannel client) {
      this.client = client;
      this.up = new Direction(this, client, null);
      this.down = new Direction(this, null, client);
    }

    void updateInterest() {
      if (closed) {
        return;
      }
      int c = 0;
      if (up.queued < QUEUE_LIMIT) {
        c |= SelectionKey.OP_READ;
      }
      if (down.blocked) {
        c |= SelectionKey.OP_WRITE;
      }
      clientKey.interestOps(c);
      if (backendKey != null) {
        int b;
        if (!connected) {
          b = SelectionKey.OP_CONNECT;
        } else {
          b = 0;
          if (down.queued < QUEUE_LIMIT) {
            b |= SelectionKey.OP_READ;
          }
          if (up.blocked || !up.queue.isEmpty() && !delayed.contains(up)) {
            b |= SelectionKey.OP_WRITE;
          }
        }
        backendKey.interestOps(b);
      }
    }

    void dropBackend() {
      quietly(backend);
      backendKey = null;
      backend = null;
      up.to = null;
      down.from = null;
      up.clear();
      down.clear();
      updateInterest();
    }

    /** @param reset send RST (SO_LINGER 0) to the client rather than a clean FIN */
    void close(boolean reset) {
      if (closed) {
        return;
      }
      closed = true;
      pairs.remove(this);
      up.clear();
      down.clear();
      if (reset) {
        try {
          client.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | UncheckedIOException ignored) {
          // closing anyway
        }
      }
      quietly(client);
      if (backend != null) {
        quietly(backend);
      }
    }

    private void quietly(SocketChannel ch) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing left to do with it
      }
    }
  }
}
