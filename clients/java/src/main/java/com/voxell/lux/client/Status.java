package com.voxell.lux.client;

/** The state of a client's shared stream connection, as its status listeners are told. */
public enum Status {
  /** Opening the first socket. */
  CONNECTING,
  /** Open: updates arrive. */
  LIVE,
  /** The socket was lost (or refused); a new one is tried after a backoff delay. */
  RECONNECTING,
  /** Closed by {@link LuxClient#close()} or because nothing is followed any more. */
  CLOSED
}
