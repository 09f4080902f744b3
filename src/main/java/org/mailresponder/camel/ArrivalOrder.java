package org.mailresponder.camel;

import java.io.File;
import java.util.Comparator;

import org.apache.camel.component.file.GenericFile;

/**
 * The maildir consumer's sorter: oldest first, by the time a request was written (its modification time, which an
 * MDA's rename into new/ keeps), the name breaking ties. A typed comparison of what the listing already holds, so
 * sorting a large backlog costs no expression evaluation per comparison (the file option {@code sortBy} would).
 */
public final class ArrivalOrder implements Comparator<GenericFile<File>> {

    private static final Comparator<GenericFile<File>> ORDER = Comparator
            .<GenericFile<File>>comparingLong(GenericFile::getLastModified)
            .thenComparing(GenericFile::getAbsoluteFilePath);

    @Override
    public int compare(GenericFile<File> a, GenericFile<File> b) {
        return ORDER.compare(a, b);
    }
}
