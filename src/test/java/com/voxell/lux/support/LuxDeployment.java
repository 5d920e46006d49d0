package com.voxell.lux.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployment every integration test uses: the real {@code target/lux.war} as built, named
 * ROOT.war so it serves at {@code /}, with the test keys (and any extra settings) appended to its
 * MicroProfile Config defaults.
 */
public final class LuxDeployment {

  private static final String CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";

  private LuxDeployment() {}

  public static WebArchive war(String... extraConfigLines) {
    File built = new File(System.getProperty("lux.war", "target/lux.war"));
    WebArchive war =
        ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(built).as(WebArchive.class);
    String defaults = read(war.get(CONFIG));
    war.delete(CONFIG);
    String config =
        defaults + "\n" + TestKeys.config() + String.join("\n", extraConfigLines) + "\n";
    war.add(new StringAsset(config), CONFIG);
    return war;
  }

  private static String read(Node node) {
    if (node == null) {
      return "";
    }
    try (InputStream in = node.getAsset().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
