package dev.bss.spark.cli;

import dev.bss.cli.CommandExtension;

/** Registers {@code bss spark} with the {@code bss} command when this module is on the classpath (service-loaded). */
public final class SparkExtension implements CommandExtension {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Object command() {
        return new SparkCommand();
    }
}
