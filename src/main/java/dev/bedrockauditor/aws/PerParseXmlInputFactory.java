package dev.bedrockauditor.aws;

import dev.bedrockauditor.config.ConfigurationException;
import java.io.InputStream;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.EventFilter;
import javax.xml.stream.FactoryConfigurationError;
import javax.xml.stream.StreamFilter;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLReporter;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.XMLEventAllocator;
import javax.xml.transform.Source;

/**
 * The StAX factory the AWS SDK gets: Java's own, but a fresh one for each document it reads.
 *
 * <p>Why: the SDK keeps one factory per thread, and Java's factory keeps the last reader it made, with its
 * scanner and buffers (about 80 KB), for reuse. A full audit runs hundreds of calls at once, each on its own
 * thread, so hundreds of readers stay reachable for the whole run, are copied into the old generation, and
 * fill the heap: about 280 of them in an audit of an account whose every region also logs to CloudWatch Logs.
 * Made per document, a reader is garbage as soon as the document is read. The settings the SDK makes (no DTDs,
 * no external entities) are kept and applied to every fresh factory, so each parses exactly as the SDK's own.
 */
public final class PerParseXmlInputFactory extends XMLInputFactory {

    private static final String FACTORY_PROPERTY = XMLInputFactory.class.getName();

    /** Holds and checks the settings (Java's own names and values); never reads a document itself. */
    private final XMLInputFactory settings = XMLInputFactory.newDefaultFactory();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    /** For {@link XMLInputFactory#newInstance()}, which the SDK calls. */
    public PerParseXmlInputFactory() {}

    /** The factory the user chose with the system property, once Java could make it. */
    private static volatile String checkedChoice;

    /**
     * Makes this the factory {@link XMLInputFactory#newInstance()} returns, unless one was chosen already (the
     * system property set on the command line); call before the first AWS call.
     *
     * @throws ConfigurationException naming the property, when Java cannot make the factory it names: every S3
     *     reply would fail to parse, which would be no reason of any region's
     */
    static void install() {
        String chosen = System.getProperty(FACTORY_PROPERTY);
        if (chosen == null) {
            System.setProperty(FACTORY_PROPERTY, PerParseXmlInputFactory.class.getName());
        } else if (!chosen.equals(checkedChoice) && !chosen.equals(PerParseXmlInputFactory.class.getName())) {
            try {
                XMLInputFactory.newFactory();
            } catch (FactoryConfigurationError | RuntimeException e) {
                throw new ConfigurationException("the Java system property " + FACTORY_PROPERTY + " is '" + chosen
                        + "', of which Java cannot make an XML reader factory (" + e.getMessage() + "); remove the -D"
                        + FACTORY_PROPERTY + " option (from BEDROCK_AUDITOR_JAVA_OPTS, JAVA_TOOL_OPTIONS or the java"
                        + " command) to use the auditor's own", e);
            }
            checkedChoice = chosen;
        }
    }

    /** A factory of Java's with every setting made so far. */
    private XMLInputFactory fresh() {
        XMLInputFactory fresh = XMLInputFactory.newDefaultFactory();
        properties.forEach(fresh::setProperty);
        if (settings.getXMLResolver() != null) {
            fresh.setXMLResolver(settings.getXMLResolver());
        }
        if (settings.getXMLReporter() != null) {
            fresh.setXMLReporter(settings.getXMLReporter());
        }
        if (settings.getEventAllocator() != null) {
            fresh.setEventAllocator(settings.getEventAllocator());
        }
        return fresh;
    }

    @Override
    public void setProperty(String name, Object value) {
        settings.setProperty(name, value);
        properties.put(name, value);
    }

    @Override
    public Object getProperty(String name) {
        return settings.getProperty(name);
    }

    @Override
    public boolean isPropertySupported(String name) {
        return settings.isPropertySupported(name);
    }

    @Override
    public XMLResolver getXMLResolver() {
        return settings.getXMLResolver();
    }

    @Override
    public void setXMLResolver(XMLResolver resolver) {
        settings.setXMLResolver(resolver);
    }

    @Override
    public XMLReporter getXMLReporter() {
        return settings.getXMLReporter();
    }

    @Override
    public void setXMLReporter(XMLReporter reporter) {
        settings.setXMLReporter(reporter);
    }

    @Override
    public XMLEventAllocator getEventAllocator() {
        return settings.getEventAllocator();
    }

    @Override
    public void setEventAllocator(XMLEventAllocator allocator) {
        settings.setEventAllocator(allocator);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(Reader reader) throws XMLStreamException {
        return fresh().createXMLStreamReader(reader);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(Source source) throws XMLStreamException {
        return fresh().createXMLStreamReader(source);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(InputStream stream) throws XMLStreamException {
        return fresh().createXMLStreamReader(stream);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(InputStream stream, String encoding) throws XMLStreamException {
        return fresh().createXMLStreamReader(stream, encoding);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(String systemId, InputStream stream) throws XMLStreamException {
        return fresh().createXMLStreamReader(systemId, stream);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(String systemId, Reader reader) throws XMLStreamException {
        return fresh().createXMLStreamReader(systemId, reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(Reader reader) throws XMLStreamException {
        return fresh().createXMLEventReader(reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(String systemId, Reader reader) throws XMLStreamException {
        return fresh().createXMLEventReader(systemId, reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(XMLStreamReader reader) throws XMLStreamException {
        return fresh().createXMLEventReader(reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(Source source) throws XMLStreamException {
        return fresh().createXMLEventReader(source);
    }

    @Override
    public XMLEventReader createXMLEventReader(InputStream stream) throws XMLStreamException {
        return fresh().createXMLEventReader(stream);
    }

    @Override
    public XMLEventReader createXMLEventReader(InputStream stream, String encoding) throws XMLStreamException {
        return fresh().createXMLEventReader(stream, encoding);
    }

    @Override
    public XMLEventReader createXMLEventReader(String systemId, InputStream stream) throws XMLStreamException {
        return fresh().createXMLEventReader(systemId, stream);
    }

    @Override
    public XMLStreamReader createFilteredReader(XMLStreamReader reader, StreamFilter filter) throws XMLStreamException {
        return fresh().createFilteredReader(reader, filter);
    }

    @Override
    public XMLEventReader createFilteredReader(XMLEventReader reader, EventFilter filter) throws XMLStreamException {
        return fresh().createFilteredReader(reader, filter);
    }
}
