package com.voxell.lux.support;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.event.container.AfterUnDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Hands the test port from one test class's Payara Micro to the next. The Arquillian container only
 * sends SIGTERM when a class ends and starts the next server at once; with a fixed port, a server
 * still shutting down (or any other process that took the port meanwhile) made the next one fail to
 * bind, and Arquillian only noticed after its whole startup timeout. So the server binds the
 * reserved port or the next free one (autoBindHttp in arquillian.xml), the port it reports is what
 * the tests talk to, and each server has exited before the next one starts.
 */
public final class PayaraMicroHandover implements LoadableExtension {

  private static final Duration EXIT_GRACE = Duration.ofSeconds(60);

  @Inject private Instance<ProtocolMetaData> deployed;

  @Override
  public void register(ExtensionBuilder builder) {
    builder.observer(PayaraMicroHandover.class);
  }

  /** Points {@link Lux#port()} at the port the new server actually bound. */
  public void useBoundPort(@Observes AfterDeploy event) {
    HTTPContext http = deployed.get().getContexts(HTTPContext.class).iterator().next();
    System.setProperty("lux.test.port", Integer.toString(http.getPort()));
  }

  public void awaitExit(@Observes AfterUnDeploy event) {
    for (ProcessHandle server : ProcessHandle.current().children().filter(this::isMicro).toList()) {
      long start = System.nanoTime();
      ServerProcess.awaitExit(server, EXIT_GRACE);
      System.out.printf(
          "Payara Micro %d exited %d ms after undeploy%n",
          server.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
  }

  private boolean isMicro(ProcessHandle process) {
    String jar = new File(System.getProperty("payara.microJar", "payara-micro")).getName();
    return process.info().commandLine().map(line -> line.contains(jar)).orElse(false);
  }
}
