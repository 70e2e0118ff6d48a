package io.zerone.insights.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Producer records written to a file and read back in order: the bulk path generates its events before the clock
 * starts, because on two shared cores the generator's Markdown and JSON would otherwise compete with the pipeline it
 * measures and cap the figure at the generator's speed.
 */
final class RecordFile {

    private RecordFile() {
    }

    static DataOutputStream create(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20));
    }

    static void write(DataOutputStream out, ProducerRecord<String, byte[]> record) throws IOException {
        out.writeUTF(record.topic());
        out.writeUTF(record.key());
        Header[] headers = record.headers().toArray();
        out.writeShort(headers.length);
        for (Header header : headers) {
            out.writeUTF(header.key());
            out.writeShort(header.value().length);
            out.write(header.value());
        }
        out.writeInt(record.value().length);
        out.write(record.value());
    }

    static void forEach(Path file, Consumer<ProducerRecord<String, byte[]>> action) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            while (true) {
                String topic;
                try {
                    topic = in.readUTF();
                } catch (EOFException end) {
                    return;
                }
                String key = in.readUTF();
                RecordHeaders headers = new RecordHeaders();
                for (int i = in.readShort(); i > 0; i--) {
                    String name = in.readUTF();
                    headers.add(name, in.readNBytes(in.readShort()));
                }
                action.accept(new ProducerRecord<>(topic, null, key, in.readNBytes(in.readInt()), headers));
            }
        }
    }
}
