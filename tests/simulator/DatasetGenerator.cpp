#include "DatasetGenerator.h"

#include "Random.h"

#include <algorithm>
#include <string>
#include <vector>

namespace Lucca {
namespace Simulator {

namespace {

const char* const firstNames[] = {
    "Élodie", "François", "Zoë", "Łukasz", "Ólafur", "Анна", "Дмитрий", "王芳", "李伟",
    "さくら", "محمد", "Γιώργος", "Søren", "Iñigo", "Chloé", "Nguyễn", "Ayşe", "Jürgen",
};
const char* const lastNames[] = {
    "Dupont", "Lefèvre", "Müller", "García-Núñez", "Ødegård", "Иванова", "Петров", "张",
    "O'Brien", "Kowalczyk", "Τσίπρας", "Ferreira", "Da Silva", "Şahin", "Nakamura",
};
const char* const legalEntityNames[] = {
    "Lucca France SAS", "Lucca España S.L.", "Lucca Schweiz AG", "Lucca Deutschland GmbH",
    "Lucca Italia S.r.l.", "Lucca Belgique SRL",
};
const char* const commentTexts[] = {
    "Réunion client — préparation ☕",
    "Déplacement à Zürich 🚆",
    "Формирование отчёта за квартал",
    "会議の準備 📅",
    "Correction d'une \"erreur\" de saisie\\ligne 2\nsuite à l'audit",
    "Astreinte\tweek-end 🔧",
    "Formation sécurité (obligatoire) ✅",
    "Revue de code 👩‍💻 avec l'équipe",
    "Μελέτη έργου",
    "مراجعة الميزانية",
};
const char* const axisNames[] = {"Projet Aurore", "Projet Boréal", "Client Øresund",
                                 "Support niveau 2", "R&D — prototype", "Interne"};

const char* const siteNames[] = {"Paris", "Lyon", "Genève"};

const std::int32_t timeTypes[] = {1, 2, 3, 4};

/// Returns a random fraction of a second with 0 to 7 significant digits, so
/// date-times show every fraction length the real API produces.
Ticks randomFraction(Random& random) {
    const int digits = static_cast<int>(random.between(0, 7));
    Ticks scale = 1;
    for (int i = digits; i < 7; ++i) scale *= 10;
    return random.between(0, TicksPerSecond - 1) / scale * scale;
}

void addLegalEntitiesAndOwners(Dataset& dataset, const GeneratorOptions& options, int owners,
                               Random& random) {
    const int legalEntities = std::max(1, options.legalEntities);
    for (int i = 0; i < legalEntities; ++i) {
        LegalEntity entity;
        entity.id = i + 1;
        entity.name = legalEntityNames[i % 6];
        if (i >= 6) entity.name += " " + std::to_string(i / 6 + 1);
        dataset.legalEntities.push_back(entity);
    }
    for (int i = 0; i < owners; ++i) {
        Owner owner;
        owner.id = 101 + i;
        owner.name = std::string(firstNames[random.between(0, 17)]) + " " +
                     lastNames[random.between(0, 14)];
        owner.legalEntityId = 1 + i % legalEntities;
        dataset.owners.push_back(owner);
    }
    dataset.rebuildIndexes();
}

void addAxisSets(Dataset& dataset) {
    for (int i = 0; i < 6; ++i) {
        AxisSection project{200 + i, 1, axisNames[i], "AX-" + std::to_string(200 + i)};
        AxisSection site{300 + i % 3, 2, siteNames[i % 3], "SITE-" + std::to_string(i % 3)};
        dataset.internAxisSet({project});
        dataset.internAxisSet({project, site});
    }
}

/// Returns the working days (as wall-time midnights) before `endDay`, oldest first.
std::vector<Ticks> workingDays(Ticks endDay, int count) {
    std::vector<Ticks> days;
    for (Ticks day = endDay - TicksPerDay; static_cast<int>(days.size()) < count;
         day -= TicksPerDay) {
        const int weekDay = weekday(day);
        if (weekDay != 0 && weekDay != 6) days.push_back(day);
    }
    std::reverse(days.begin(), days.end());
    return days;
}

}  // namespace

int fillRandomEntry(TimeEntry& entry, Dataset& dataset, const Owner& owner, Ticks day,
                    int startMinute, Random& random) {
    entry.ownerId = owner.id;
    entry.authorId = random.chance(0.85) ? owner.id : owner.id + 1;
    entry.modifierId = entry.authorId;
    entry.layer = random.chance(0.2) ? 1 : 0;
    entry.creationSource = static_cast<std::int8_t>(entry.layer == 1 ? 0 : random.between(0, 4));
    entry.timeTypeId = random.chance(0.1) ? NullId : timeTypes[random.between(0, 3)];
    entry.axisSetIndex = random.chance(0.6)
                             ? static_cast<std::int32_t>(random.between(1, dataset.axisSets.size() - 1))
                             : 0;
    entry.commentIndex = -1;
    entry.timesheetId = NullId;
    entry.archivedAt = NullTicks;
    entry.revision = 1;

    int next = startMinute;
    const double shape = random.unit();
    if (shape < 0.04) {
        // A submitted day without work is a zero-duration entry.
        entry.unit = 2;
        entry.durationSeconds = 0;
        entry.startsAt = day + startMinute * TicksPerMinute;
        entry.endsAt = entry.startsAt;
    } else if (shape < 0.09) {
        entry.unit = 0;
        entry.durationSeconds = random.chance(0.5) ? 86400 : 43200;
        entry.startsAt = day;
        entry.endsAt = day + entry.durationSeconds * TicksPerSecond;
    } else if (shape < 0.24) {
        entry.unit = 1;
        entry.durationSeconds = static_cast<std::int32_t>(random.between(1, 16) * 1800);
        entry.startsAt = day;
        entry.endsAt = day + entry.durationSeconds * TicksPerSecond;
    } else {
        entry.unit = 2;
        const int minutes = static_cast<int>(random.between(2, 12) * 15);
        entry.durationSeconds = minutes * 60;
        entry.startsAt = day + startMinute * TicksPerMinute;
        entry.endsAt = entry.startsAt + entry.durationSeconds * TicksPerSecond;
        next = startMinute + minutes;
    }

    if (entry.layer == 0 && random.chance(0.12)) {
        Comment comment;
        comment.content = commentTexts[random.between(0, 9)];
        comment.authorId = entry.authorId;
        comment.createdAt = day + 18 * 60 * TicksPerMinute + randomFraction(random);
        dataset.comments.push_back(comment);
        entry.commentIndex = static_cast<std::int32_t>(dataset.comments.size() - 1);
    }
    return next;
}

Dataset generateDataset(const GeneratorOptions& options) {
    Random random(options.seed);
    Dataset dataset;
    const int perDay = std::max(1, options.entriesPerDay);
    const int dayCount = std::max(1, options.days);
    int owners = std::max(1, options.owners);
    if (options.totalEntries >= 0) {
        const std::int64_t perOwner = static_cast<std::int64_t>(dayCount) * perDay;
        owners = static_cast<int>(std::max<std::int64_t>(owners, (options.totalEntries + perOwner - 1) / perOwner));
    }

    // 1. The tenant's structure: legal entities, owners, axis sections.
    addLegalEntitiesAndOwners(dataset, options, owners, random);
    addAxisSets(dataset);

    // 2. Entries day by day, so ids grow with the date.
    const Ticks endDay = options.endDay != 0 ? options.endDay : ticksFromDate(2025, 10, 31);
    const std::vector<Ticks> days = workingDays(endDay, dayCount);
    const std::int64_t limit = options.totalEntries >= 0
                                   ? options.totalEntries
                                   : static_cast<std::int64_t>(owners) * dayCount * perDay;
    dataset.entries.reserve(static_cast<std::size_t>(limit));
    for (std::size_t dayIndex = 0; dayIndex < days.size(); ++dayIndex) {
        const Ticks day = days[dayIndex];
        const bool submittable = day + 7 * TicksPerDay < endDay;
        const std::int32_t week = static_cast<std::int32_t>(dayIndex / 5);
        for (const Owner& owner : dataset.owners) {
            // Whole weeks are submitted or not, like a timesheet.
            Random weekRandom(options.seed ^ (static_cast<std::uint64_t>(owner.id) << 20) ^
                              static_cast<std::uint64_t>(week));
            const bool submitted = submittable && weekRandom.chance(0.7);
            int minute = 8 * 60 + 30;
            for (int slot = 0; slot < perDay; ++slot) {
                if (static_cast<std::int64_t>(dataset.entries.size()) >= limit) return dataset;
                TimeEntry entry;
                entry.id = static_cast<std::int64_t>(dataset.entries.size()) + 1;
                minute = fillRandomEntry(entry, dataset, owner, day, minute, random);
                if (submitted) entry.timesheetId = 100000 + owner.id * 100 + week;

                // 3. Creation, change and deletion times, before endDay.
                const Ticks latest = endDay - TicksPerMinute;
                entry.createdAt = day + (17 * 3600 + random.between(0, 4 * 3600)) * TicksPerSecond +
                                  randomFraction(random);
                entry.modifiedAt = entry.createdAt;
                if (random.chance(0.4)) {
                    entry.modifiedAt += random.between(60, 4 * 86400) * TicksPerSecond +
                                        randomFraction(random);
                    entry.revision = static_cast<std::int32_t>(random.between(2, 4));
                }
                if (random.chance(0.02)) {
                    entry.archivedAt = entry.modifiedAt + random.between(60, 86400) * TicksPerSecond +
                                       randomFraction(random);
                    entry.modifiedAt = entry.archivedAt;
                }
                entry.createdAt = std::min(entry.createdAt, latest);
                entry.modifiedAt = std::min(entry.modifiedAt, latest);
                if (entry.isArchived()) entry.archivedAt = entry.modifiedAt;
                dataset.entries.push_back(entry);
            }
        }
    }
    return dataset;
}

}  // namespace Simulator
}  // namespace Lucca
