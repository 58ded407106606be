#include "parcel/validate/parcel_tree.hpp"

#include "check_test_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <functional>

using namespace parcel;
using namespace parcel::test;

namespace {

using Change = std::function<void(ParcelTree&)>;

std::string fixture(const std::string& name) { return readFile(dataPath("reference/" + name)); }

std::string minimalParcelJson() { return fixture("cloudera-cm_ext__minimal_parcel.json"); }

// The minimal fixture says CDH 5.0.0 with defines.sh: a complete, valid parcel.
ParcelTree goodTree() {
  ParcelTree tree;
  tree.dirName = "CDH-5.0.0";
  tree.memberPrefix = "CDH-5.0.0/";
  tree.entries = {{"meta", EntryType::Directory},
                  {"meta/parcel.json", EntryType::File},
                  {"meta/defines.sh", EntryType::File},
                  {"bin", EntryType::Directory},
                  {"bin/tool", EntryType::File}};
  tree.metaFiles = {{"meta/parcel.json", minimalParcelJson()}};
  return tree;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

Change setParcelJson(std::string text) {
  return [text](ParcelTree& tree) { tree.metaFiles["meta/parcel.json"] = text; };
}

Change addMeta(const std::string& file, std::string text) {
  return [file, text](ParcelTree& tree) {
    tree.entries["meta/" + file] = EntryType::File;
    tree.metaFiles["meta/" + file] = text;
  };
}

Change addEntries(std::map<std::string, EntryType> entries) {
  return [entries](ParcelTree& tree) {
    for (const auto& [path, type] : entries) tree.entries[path] = type;
  };
}

Change eraseEntry(const std::string& path) {
  return [path](ParcelTree& tree) { tree.entries.erase(path); };
}

Change both(Change first, Change second) {
  return [first, second](ParcelTree& tree) {
    first(tree);
    second(tree);
  };
}

struct Row {
  std::string name;
  Change change;
  std::string expected;  // summary(): "E code member#pointer | ..."
};

void runRows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    CAPTURE(row.name);
    ParcelTree tree = goodTree();
    row.change(tree);
    Diagnostics out;
    checkParcelTree(tree, out);
    CHECK(summary(out) == row.expected);
  }
}

constexpr EntryType Dir = EntryType::Directory;
constexpr EntryType File = EntryType::File;
constexpr EntryType Link = EntryType::Symlink;

// The two sources of the good alternatives fixture, with the given types.
Change alternativeSources(EntryType beeline, EntryType confDist) {
  return addEntries(
      {{"bin", Dir}, {"bin/beeline", beeline}, {"etc", Dir}, {"etc/hive", Dir}, {"etc/hive/conf.dist", confDist}});
}

}  // namespace

TEST_CASE("a valid tree passes and its metadata is returned") {
  Diagnostics out;
  const auto metadata = checkParcelTree(goodTree(), out);
  CHECK(summary(out) == "");
  REQUIRE(metadata.has_value());
  CHECK(metadata->name == std::optional<std::string>("CDH"));
  CHECK(metadata->version == std::optional<std::string>("5.0.0"));
}

TEST_CASE("parcel.json: present, valid, named for the folder, with an existing defines script") {
  const std::string json = minimalParcelJson();
  const std::vector<Row> rows = {
      {"no parcel.json", both(eraseEntry("meta/parcel.json"), [](ParcelTree& t) { t.metaFiles.clear(); }),
       "E missing-parcel-json CDH-5.0.0/meta/parcel.json"},
      {"parcel.json listed but its content was not read", [](ParcelTree& t) { t.metaFiles.clear(); },
       "E missing-parcel-json CDH-5.0.0/meta/parcel.json"},
      {"folder named for another version",
       [](ParcelTree& t) {
         t.dirName = "CDH-5.0.1";
         t.memberPrefix = "CDH-5.0.1/";
       },
       "E dir-name-mismatch CDH-5.0.1/meta/parcel.json"},
      {"parcel.json for another product", setParcelJson(replaced(json, "\"CDH\"", "\"HDC\"")),
       "E dir-name-mismatch CDH-5.0.0/meta/parcel.json"},
      {"defines script missing", eraseEntry("meta/defines.sh"),
       "E missing-defines-script CDH-5.0.0/meta/parcel.json#/scripts/defines"},
      {"defines script is a directory", addEntries({{"meta/defines.sh", Dir}}),
       "E defines-script-not-file CDH-5.0.0/meta/parcel.json#/scripts/defines"},
      {"defines script is a symlink (not a directory: fine)", addEntries({{"meta/defines.sh", Link}}), ""},
      {"defines script in a subfolder of meta/",
       both(setParcelJson(replaced(json, "\"defines.sh\"", "\"env//defines.sh\"")),
            addEntries({{"meta/env", Dir}, {"meta/env/defines.sh", File}})),
       ""},
      {"parcel.json is not JSON", setParcelJson("{\"name\": "), "E invalid-json CDH-5.0.0/meta/parcel.json"},
      // The name is already rejected: no second finding about the folder name.
      {"name with a dash", setParcelJson(replaced(json, "\"CDH\"", "\"C-DH\"")),
       "E name-contains-dash CDH-5.0.0/meta/parcel.json#/name"},
      {"blank defines: no lookup", setParcelJson(replaced(json, "\"defines.sh\"", "\" \"")),
       "E blank-field CDH-5.0.0/meta/parcel.json#/scripts/defines"},
  };
  runRows(rows);
}

TEST_CASE("the metadata is returned whenever parcel.json decoded") {
  struct Row {
    std::string name;
    std::optional<std::string> parcelJson;
    bool decoded;
  };
  const Row rows[] = {
      {"valid", minimalParcelJson(), true},
      {"invalid but JSON", replaced(minimalParcelJson(), "\"CDH\"", "\"C-DH\""), true},
      {"not JSON", std::string("[1,"), false},
      {"absent", std::nullopt, false},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    ParcelTree tree = goodTree();
    tree.metaFiles.clear();
    if (row.parcelJson) tree.metaFiles["meta/parcel.json"] = *row.parcelJson;
    Diagnostics out;
    CHECK(checkParcelTree(tree, out).has_value() == row.decoded);
  }
}

TEST_CASE("alternatives.json sources exist with the type isDirectory gives") {
  const std::string good = fixture("cloudera-cm_ext__good_alternatives.json");
  const Change withAlternatives = addMeta("alternatives.json", good);
  const std::string member = "CDH-5.0.0/meta/alternatives.json";
  const std::vector<Row> rows = {
      {"both sources present", both(withAlternatives, alternativeSources(File, Dir)), ""},
      {"both sources missing", withAlternatives,
       "E alternative-source-missing " + member + "#/beeline/source | E alternative-source-missing " + member +
           "#/hive-conf/source"},
      {"each source of the other type", both(withAlternatives, alternativeSources(Dir, File)),
       "E alternative-source-not-directory " + member + "#/hive-conf/source | E alternative-source-not-file " + member +
           "#/beeline/source"},
      {"a symlink is not a directory", both(withAlternatives, alternativeSources(Link, Link)),
       "E alternative-source-not-directory " + member + "#/hive-conf/source"},
      {"a rejected source is not looked up",
       addMeta("alternatives.json",
               R"({"x": {"destination": "/usr/bin/x", "source": "/bin/x", "priority": 1, "isDirectory": false}})"),
       "E source-not-relative " + member + "#/x/source"},
      {"not JSON", addMeta("alternatives.json", "{"), "E invalid-json " + member},
  };
  runRows(rows);
}

TEST_CASE("permissions.json keys exist in the parcel, absolute ones looked up under the top folder") {
  const Change withAirflow =
      addMeta("permissions.json", fixture("teamclairvoyant-apache-airflow-cloudera-parcel__meta_permissions.json"));
  const std::string member = "CDH-5.0.0/meta/permissions.json";
  const std::string warnings = "W path-not-relative " + member + "#/~1var~1lib~1airflow | W path-not-relative " +
      member + "#/~1var~1log~1airflow";
  const std::vector<Row> rows = {
      {"airflow paths absent", withAirflow,
       "E permission-path-missing " + member + "#/~1var~1lib~1airflow | E permission-path-missing " + member +
           "#/~1var~1log~1airflow | " + warnings},
      {"airflow paths present as var/lib/airflow and var/log/airflow",
       both(withAirflow,
            addEntries({{"var", Dir},
                        {"var/lib", Dir},
                        {"var/lib/airflow", Dir},
                        {"var/log", Dir},
                        {"var/log/airflow", File}})),
       warnings},
      {"cm_ext's good permissions without the files",
       addMeta("permissions.json", fixture("cloudera-cm_ext__good_permissions.json")),
       "E permission-path-missing " + member +
           "#/lib~1hadoop-0.20-mapreduce~1sbin~1Linux-amd64-64~1task-controller | E permission-path-missing " + member +
           "#/lib~1hadoop-yarn~1bin~1container-executor"},
      {"the top folder itself",
       addMeta("permissions.json", R"({"/": {"user": "a", "group": "b", "permissions": "0755"}})"),
       "W path-not-relative " + member + "#/~1"},
  };
  runRows(rows);
}

TEST_CASE("every entry's parent directory has an entry of its own, and is a directory") {
  const std::vector<Row> rows = {
      {"meta/ not listed", eraseEntry("meta"), "E missing-directory-entry CDH-5.0.0/meta"},
      {"two missing levels, reported once each",
       addEntries({{"lib/a/x.jar", File}, {"lib/a/y.jar", File}, {"lib/b", Dir}}),
       "E missing-directory-entry CDH-5.0.0/lib | E missing-directory-entry CDH-5.0.0/lib/a"},
      {"entries under a file", addEntries({{"bin", File}, {"bin/tool", File}, {"bin/other", File}}),
       "E parent-not-directory CDH-5.0.0/bin"},
      {"entries under a symlink", addEntries({{"conf", Link}, {"conf/site.xml", File}}),
       "E parent-not-directory CDH-5.0.0/conf"},
  };
  runRows(rows);
}

TEST_CASE("a directory tree's members carry no prefix") {
  ParcelTree tree = goodTree();
  tree.memberPrefix = "";
  tree.entries.erase("meta/defines.sh");
  tree.entries["lib/x"] = File;
  Diagnostics out;
  checkParcelTree(tree, out);
  CHECK(summary(out) == "E missing-defines-script meta/parcel.json#/scripts/defines | E missing-directory-entry lib");
}
