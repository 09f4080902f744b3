package org.mailresponder.app;

import java.nio.file.Path;

import org.mailresponder.admin.AdminEnvironment;
import org.mailresponder.admin.Host;
import org.mailresponder.admin.ResponderProperties;

/** The jar as the command line sees it: the service in {@code workDir}, and the commands' environment beside it. */
public final class ResponderHost implements Host {

    private final Path workDir;

    public ResponderHost(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public int runService() throws Exception {
        return ResponderService.run(workDir);
    }

    @Override
    public void configureServiceLogging() {
        ResponderService.configureLogging(workDir);
    }

    @Override
    public AdminEnvironment environment() {
        return new CliEnvironment(ResponderProperties.load(workDir));
    }
}
