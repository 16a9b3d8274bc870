using System.Text;
using System.Xml;
using System.Xml.Linq;
using PublicXmlDocs;

// Usage: PublicXmlDocs <assembly.dll> <documentation.xml>
// Keeps in the XML documentation file only the members a package's users can see (public and protected members of
// public types) and rewrites the file when something was removed. A member whose ID matches nothing in the assembly
// fails the build: better no package than one whose documentation was cut by a guess.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PublicXmlDocs <assembly.dll> <documentation.xml>");
    return 2;
}

var (assemblyPath, docPath) = (args[0], args[1]);
var ids = MetadataDocIds.Read(assemblyPath);
var doc = XDocument.Load(docPath, LoadOptions.PreserveWhitespace);
var members = doc.Root?.Element("members")?.Elements("member").ToList() ?? [];
var removed = 0;
foreach (var member in members)
{
    var name = (string?)member.Attribute("name") ?? "";
    if (!ids.TryGetValue(name, out var visible))
    {
        Console.Error.WriteLine($"{docPath}: error PXD001: '{name}' is no type or member of {Path.GetFileName(assemblyPath)}");
        return 1;
    }

    if (!visible)
    {
        if (member.PreviousNode is XText { Value: var space } indent && string.IsNullOrWhiteSpace(space))
        {
            indent.Remove();
        }

        member.Remove();
        removed++;
    }
}

if (removed > 0)
{
    var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false) };
    using (var writer = XmlWriter.Create(docPath, settings))
    {
        doc.Save(writer);
    }
}

Console.WriteLine($"PublicXmlDocs: {Path.GetFileName(docPath)}: {members.Count - removed} public members kept, {removed} internal or private removed");
return 0;
