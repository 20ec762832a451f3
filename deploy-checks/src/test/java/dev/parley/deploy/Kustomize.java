package dev.parley.deploy;

import static dev.parley.deploy.Yaml.kind;
import static dev.parley.deploy.Yaml.map;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A renderer for the part of kustomize that deploy/k8s uses: resources (files and folders), ConfigMaps generated
 * from files (without a name suffix), strategic-merge patches (by name, or by kind for a target), namespace, replicas
 * and images, applied in kustomize's order. It refuses
 * anything else, so a feature added to a kustomization.yaml cannot be skipped silently here; where kubectl is
 * installed, KustomizeRenderTest also checks that kubectl renders exactly the same resources.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED_FIELDS =
            Set.of("apiVersion", "kind", "namespace", "resources", "patches", "replicas", "images",
                    "configMapGenerator");
    private static final Set<String> CLUSTER_SCOPED_KINDS = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");
    private static final Set<String> SCALABLE_KINDS = Set.of("Deployment", "StatefulSet", "ReplicaSet");
    /**
     * Lists that kustomize merges item by item for built-in kinds (by name, port, path); this renderer only replaces
     * lists, so a patch of one of these is refused rather than rendered differently.
     */
    private static final Set<String> MERGED_BY_KEY = Set.of("containers", "initContainers", "env", "volumes",
            "volumeMounts", "ports", "imagePullSecrets");

    private Kustomize() {
    }

    /** The resources that {@code kubectl kustomize directory} prints, in no particular order. */
    static List<Map<String, Object>> render(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No kustomization.yaml in " + directory);
        }
        Map<String, Object> kustomization = Yaml.loadOne(file);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + ": '" + field + "' is not supported by the Java renderer; "
                        + "extend Kustomize (and keep KustomizeRenderTest's kubectl comparison green)");
            }
        }

        List<Map<String, Object>> resources = new ArrayList<>();
        for (String entry : Yaml.strings(kustomization.get("resources"))) {
            Path resource = directory.resolve(entry).normalize();
            if (Files.isDirectory(resource)) {
                resources.addAll(render(resource));
            } else if (Files.isRegularFile(resource)) {
                resources.addAll(Yaml.loadAll(resource));
            } else {
                throw new IllegalArgumentException(file + ": resource " + entry + " does not exist");
            }
        }
        for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
            resources.add(generatedConfigMap(directory, file, generator));
        }
        requireUniqueIds(resources, file);

        for (Map<String, Object> patch : maps(kustomization.get("patches"))) {
            applyPatch(directory, file, patch, resources);
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> resource : resources) {
                if (!CLUSTER_SCOPED_KINDS.contains(kind(resource))) {
                    metadata(resource).put("namespace", namespace.toString());
                }
            }
        }
        for (Map<String, Object> replicas : maps(kustomization.get("replicas"))) {
            setReplicas(file, replicas, resources);
        }
        for (Map<String, Object> image : maps(kustomization.get("images"))) {
            resources.forEach(resource -> setImage(resource, image));
        }
        return resources;
    }

    /** A configMapGenerator entry with files, labels and no name suffix: a ConfigMap with one key per file. */
    private static Map<String, Object> generatedConfigMap(Path directory, Path file, Map<String, Object> generator) {
        for (String field : generator.keySet()) {
            if (!Set.of("name", "files", "options").contains(field)) {
                throw new IllegalArgumentException(file + ": configMapGenerator with '" + field + "' is not supported");
            }
        }
        Map<String, Object> options = map(generator.get("options"));
        if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))
                || !Set.of("labels", "disableNameSuffixHash").containsAll(options.keySet())) {
            throw new IllegalArgumentException(file + ": only generated ConfigMaps with labels and "
                    + "disableNameSuffixHash: true are supported");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String source : Yaml.strings(generator.get("files"))) {
            Path path = directory.resolve(source);
            data.put(path.getFileName().toString(), Repository.read(path));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", generator.get("name"));
        if (options.containsKey("labels")) {
            metadata.put("labels", new LinkedHashMap<>(map(options.get("labels"))));
        }
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.put("metadata", metadata);
        configMap.put("data", data);
        return configMap;
    }

    private static void requireUniqueIds(List<Map<String, Object>> resources, Path file) {
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> resource : resources) {
            if (resource.get("apiVersion") == null || kind(resource) == null || name(resource) == null) {
                throw new IllegalArgumentException(file + ": a resource lacks apiVersion, kind or metadata.name: "
                        + resource);
            }
            String id = kind(resource) + "/" + Yaml.string(resource, "metadata.namespace") + "/" + name(resource);
            if (!ids.add(id)) {
                throw new IllegalArgumentException(file + ": " + id + " appears twice");
            }
        }
    }

    private static void applyPatch(Path directory, Path file, Map<String, Object> entry,
            List<Map<String, Object>> resources) {
        for (String field : entry.keySet()) {
            if (!Set.of("path", "target").contains(field)) {
                throw new IllegalArgumentException(file + ": patches with '" + field + "' are not supported");
            }
        }
        Path patchFile = directory.resolve(entry.get("path").toString());
        Map<String, Object> patch = Yaml.loadOne(patchFile);
        Map<String, Object> target = map(entry.get("target"));
        for (String field : target.keySet()) {
            if (!Set.of("kind", "name").contains(field)) {
                throw new IllegalArgumentException(file + ": patch targets by '" + field + "' are not supported");
            }
        }
        List<Map<String, Object>> matches = resources.stream()
                .filter(resource -> target.isEmpty()
                        ? kind(resource).equals(kind(patch)) && name(resource).equals(name(patch))
                        && group(resource).equals(group(patch))
                        : (!target.containsKey("kind") || kind(resource).equals(target.get("kind")))
                                && (!target.containsKey("name") || name(resource).equals(target.get("name"))))
                .toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException(patchFile + " matches no resource");
        }
        Map<String, Object> body = new LinkedHashMap<>(patch);
        body.remove("apiVersion");
        body.remove("kind");
        Map<String, Object> metadata = new LinkedHashMap<>(map(body.get("metadata")));
        metadata.remove("name");
        body.put("metadata", metadata);
        for (Map<String, Object> resource : matches) {
            Map<String, Object> merged = map(merge(resource, body, isBuiltIn(resource), patchFile));
            resource.clear();
            resource.putAll(merged);
        }
    }

    private static Object merge(Object original, Object patch, boolean builtIn, Path patchFile) {
        if (original instanceof Map<?, ?> && patch instanceof Map<?, ?>) {
            Map<String, Object> result = new LinkedHashMap<>(map(original));
            for (Map.Entry<String, Object> entry : map(patch).entrySet()) {
                if (entry.getValue() instanceof String text && text.startsWith("$patch")
                        || entry.getKey().startsWith("$")) {
                    throw new IllegalArgumentException(patchFile + ": patch directives are not supported");
                }
                if (builtIn && MERGED_BY_KEY.contains(entry.getKey())) {
                    throw new IllegalArgumentException(patchFile + ": '" + entry.getKey() + "' is merged item by "
                            + "item by kustomize, which the Java renderer does not do; patch another way");
                }
                if (entry.getValue() == null) {
                    result.remove(entry.getKey());
                } else {
                    result.put(entry.getKey(), merge(result.get(entry.getKey()), entry.getValue(), builtIn, patchFile));
                }
            }
            return result;
        }
        return deepCopy(patch);
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?>) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map(value).forEach((key, item) -> copy.put(key, deepCopy(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(Kustomize::deepCopy).toList());
        }
        return value;
    }

    private static void setReplicas(Path file, Map<String, Object> replicas, List<Map<String, Object>> resources) {
        String target = replicas.get("name").toString();
        List<Map<String, Object>> matches = resources.stream()
                .filter(resource -> SCALABLE_KINDS.contains(kind(resource)) && name(resource).equals(target))
                .toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException(file + ": replicas for " + target + ", which is not rendered");
        }
        matches.forEach(resource -> map(resource.get("spec")).put("replicas", replicas.get("count")));
    }

    /** Replaces name and tag of every container image named like the entry, wherever containers appear. */
    private static void setImage(Object node, Map<String, Object> entry) {
        if (node instanceof Map<?, ?>) {
            Map<String, Object> map = map(node);
            for (Map.Entry<String, Object> field : map.entrySet()) {
                if ((field.getKey().equals("containers") || field.getKey().equals("initContainers"))
                        && field.getValue() instanceof List<?>) {
                    for (Map<String, Object> container : maps(field.getValue())) {
                        Object image = container.get("image");
                        if (image != null) {
                            container.put("image", renamed(image.toString(), entry));
                        }
                    }
                } else {
                    setImage(field.getValue(), entry);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> setImage(item, entry));
        }
    }

    private static String renamed(String image, Map<String, Object> entry) {
        ImageReference reference = ImageReference.parse(image);
        if (!reference.repository().equals(entry.get("name"))) {
            return image;
        }
        String repository = entry.containsKey("newName") ? entry.get("newName").toString() : reference.repository();
        String tag = entry.containsKey("newTag") ? entry.get("newTag").toString() : reference.tag();
        return tag == null ? repository : repository + ":" + tag;
    }

    private static Map<String, Object> metadata(Map<String, Object> resource) {
        Map<String, Object> metadata = new LinkedHashMap<>(map(resource.get("metadata")));
        resource.put("metadata", metadata);
        return metadata;
    }

    private static String group(Map<String, Object> resource) {
        String apiVersion = resource.get("apiVersion").toString();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    /** Kubernetes' own kinds, whose schema kustomize knows (core and *.k8s.io groups, apps, policy, ...). */
    private static boolean isBuiltIn(Map<String, Object> resource) {
        String group = group(resource);
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** An image reference split into repository and tag (digests are not used here). */
    record ImageReference(String repository, String tag) {

        static ImageReference parse(String image) {
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            if (colon > slash) {
                return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
            }
            return new ImageReference(image, null);
        }
    }
}
