#include "TimeEntryColumns.h"

#include "TableName.h"

namespace lucca {

std::string quotedColumnList(bool withSyncedAt) {
    std::string list;
    for (const ColumnDefinition& column : timeEntryColumns) {
        if (column.kind == ColumnKind::SyncedAt && !withSyncedAt) continue;
        if (!list.empty()) list += ", ";
        list += quoteIdentifier(column.name);
    }
    return list;
}

}  // namespace lucca
