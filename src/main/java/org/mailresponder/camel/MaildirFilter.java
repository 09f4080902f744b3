package org.mailresponder.camel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.mailresponder.inbound.MaildirFiles;

/**
 * The maildir consumer's side of {@link MaildirFiles}: the file component's filter, and the reader the ingest route
 * calls, so one bean ({@code maildirFiles}) serves both as before.
 */
public class MaildirFilter implements GenericFileFilter<File> {

    private final MaildirFiles files;

    public MaildirFilter(MaildirFiles files) {
        this.files = files;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return files.take(Path.of(file.getAbsoluteFilePath()));
    }

    public byte[] read(String absolutePath) throws IOException {
        return files.read(absolutePath);
    }
}
