package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.events.XMLEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The StAX factory the SDK gets: parses as Java's own with the same settings, and keeps no reader. */
class PerParseXmlInputFactoryTest {

    /** As the SDK's XmlDomParser sets up its factory: no DTDs, no external entities. */
    private static XMLInputFactory asTheSdkDoes(XMLInputFactory factory) {
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    /** The events of a document as text, or the failure's type: what the SDK would build its response from. */
    private static List<String> read(XMLInputFactory factory, String document) {
        List<String> events = new ArrayList<>();
        try {
            XMLEventReader reader = factory.createXMLEventReader(
                    new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
            while (reader.hasNext()) {
                XMLEvent event = reader.nextEvent();
                events.add(event.getEventType() + ":" + event.toString().strip());
            }
            reader.close();
        } catch (XMLStreamException | RuntimeException e) {
            events.add("failed: " + e.getClass().getName());
        }
        return events;
    }

    @Test
    void readsEveryDocumentExactlyAsJavasOwnFactoryWithTheSdksSettings(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "do-not-read-me");
        List<String> documents = List.of(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/"
                        + "2006-03-01/\">eu-west-1</LocationConstraint>",
                "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message></Error>",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><r>&x;</r>",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x \"inner\">]><r>&x;</r>",
                "<r><unclosed></r>",
                "");

        for (String document : documents) {
            List<String> expected = read(asTheSdkDoes(XMLInputFactory.newDefaultFactory()), document);
            List<String> actual = read(asTheSdkDoes(new PerParseXmlInputFactory()), document);

            assertEquals(expected, actual, document);
            assertTrue(actual.stream().noneMatch(event -> event.contains("do-not-read-me")), actual.toString());
        }
        assertEquals(false, asTheSdkDoes(new PerParseXmlInputFactory()).getProperty(XMLInputFactory.SUPPORT_DTD));
    }

    /**
     * Java's factory keeps the last stream reader it made (with about 80 KB of buffers), also the one inside an
     * event reader; this one keeps none.
     */
    @Test
    void keepsNoReaderOnceTheDocumentIsRead() throws Exception {
        XMLInputFactory factory = asTheSdkDoes(new PerParseXmlInputFactory());
        XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream("<r>1</r>".getBytes(
                StandardCharsets.UTF_8)));
        while (reader.hasNext()) {
            reader.next();
        }
        WeakReference<XMLStreamReader> read = new WeakReference<>(reader);
        reader = null;

        for (int attempt = 0; attempt < 20 && read.get() != null; attempt++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(read.get(), "the factory still holds the reader it made");
        List<String> next = read(factory, "<r>2</r>");
        assertEquals(read(asTheSdkDoes(XMLInputFactory.newDefaultFactory()), "<r>2</r>"), next,
                "and it still reads the next document as Java's own");
        assertTrue(next.contains("4:2"), next.toString());
    }

    @Test
    void isTheFactoryTheSdkGetsOnceClientsExist() {
        new AwsClients(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2), List.of()).close();

        assertInstanceOf(PerParseXmlInputFactory.class, XMLInputFactory.newInstance());
        assertEquals(PerParseXmlInputFactory.class.getName(), System.getProperty(XMLInputFactory.class.getName()));
    }
}
